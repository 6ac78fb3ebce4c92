import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderJunit } from './junit.ts';
import { makeInvalidRun, makeRun } from './test-run.ts';

/** A <testcase> as fast-xml-parser gives it: attributes as strings, element text as #text. */
interface TestCaseXml {
  name: string;
  file: string;
  time?: string;
  failure?: { message: string; type: string; '#text': string };
  error?: { message: string; type: string; '#text': string };
  skipped?: string;
}

const parse = (xml: string) => {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (n) => n === 'testcase',
  }).parse(xml);
  return doc.testsuites.testsuite as { tests: string; failures: string; errors: string; testcase: TestCaseXml[] };
};

describe('JUnit reporter', () => {
  it('writes one test case per scenario, the scenario file as its file, failures with what failed and where', () => {
    const suite = parse(renderJunit(makeRun(), '/work'));
    expect(suite.tests).toBe('3');
    expect(suite.failures).toBe('1');
    expect(suite.errors).toBe('1');
    const [passed, failed, errored] = suite.testcase as [TestCaseXml, TestCaseXml, TestCaseXml];
    expect(passed.name).toBe('kill-primary');
    expect(passed.file).toBe('scenarios/kill-primary.yaml');
    expect(passed.failure).toBeUndefined();
    expect(passed.time).toBe('12.345');

    expect(failed.name).toBe('lag-replica');
    expect(failed.file).toBe('scenarios/lag-replica.yaml');
    expect(failed.failure!.message).toContain('rpo.lostTransactions: expected <= 0 writes, actual 3');
    expect(failed.failure!.message).toContain('step 2 wait converged FAILED: timed out after 30s: pg-3 is 4 MB behind');
    expect(failed.failure!.message).not.toContain('rto.maxSeconds'); // it passed
    expect(failed.failure!['#text']).toContain('scenarios/lag-replica.yaml:30:5 rpo.lostTransactions');
    expect(failed.failure!['#text']).toContain('scenarios/lag-replica.yaml:22:3 step 2 wait converged');

    expect(errored.error!.type).toBe('PGDRILL_DOCKER');
    expect(errored.error!.message).toContain('the Docker daemon went away (what to do: run pgdrill doctor)');
  });

  it('fails each invalid file with its positioned issues and skips the files that did not run', () => {
    const suite = parse(renderJunit(makeInvalidRun(), '/work'));
    expect(suite.tests).toBe('2');
    const [bad, good] = suite.testcase as [TestCaseXml, TestCaseXml];
    expect(bad.file).toBe('scenarios/bad.yaml');
    expect(bad.failure!.type).toBe('PGDRILL_SCENARIO_INVALID');
    expect(bad.failure!.message).toBe(
      'steps[1].fault: unknown fault "explode"; expect.rto.maxSeconds: expected a number',
    );
    expect(bad.failure!['#text']).toContain('/work/scenarios/bad.yaml:8:12 steps[1].fault:');
    expect(good.name).toBe('scenarios/good.yaml');
    expect(good).toHaveProperty('skipped');
    expect(good.failure).toBeUndefined();
  });

  it('escapes what XML cannot hold raw', () => {
    const run = makeRun();
    run.results[1]!.steps[1]!.error = 'a <b> & "c" ]]> d';
    const suite = parse(renderJunit(run, '/work'));
    expect(suite.testcase[1]!.failure!.message).toContain('a <b> & "c" ]]> d');
  });
});
