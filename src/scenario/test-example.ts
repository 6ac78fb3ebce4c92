/** The contract's example scenario and helpers for tests that break it one key at a time. */
import path from 'node:path';
import { expect } from 'vitest';
import { ScenarioError, type ScenarioIssue } from '../errors.ts';
import { parseScenario } from './load.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/** Where the example pretends to live, so that its `../../fixtures/...` seed resolves to the real fixture. */
export const EXAMPLE_FILE = path.join(REPO_ROOT, 'scenarios/examples/contract-example.yaml');

/** Verbatim from docs/scenario-format.md; tests assert line numbers in it. */
export const EXAMPLE_YAML = `# yaml-language-server: $schema=../../schema/scenario.schema.json
name: kill-primary-manual-failover          # unique, [a-z0-9-]+
description: Kill the primary under write load, promote the replica, prove nothing acknowledged was lost.
tags: [failover, smoke]

topology:
  postgres:
    version: 18                # 15, 17 or 18; omitted: 18
    replicas: 1                # 0..n streaming replicas, each with its own physical slot
    replication: async         # async | sync (FIRST 1 (...)) | quorum (ANY 1 (...))
    archive: true              # archive_mode=on into a WAL archive shared by the cluster
    settings:                  # extra postgresql.conf settings for every node
      wal_keep_size: 128MB
  pgbouncer:                   # optional: the workload connects through PgBouncer
    pool_mode: transaction
  patroni:                     # optional: Patroni + etcd manage the cluster
    etcd: 3
    ttl: 30
    loop_wait: 10
  haproxy: true                # optional, with patroni: routes to the leader via the REST API

data:
  sql: ../../fixtures/sql/app-schema.sql   # optional seed, path relative to this file

workload:                      # optional; runs from the first step until the last step ends
  clients: 4
  rate: 500                    # total tx/s; omit for as fast as possible

steps:                         # in order
  - wait: 5s
  - fault: kill                # kill | stop | restart | pause | resume | partition | disk-full | lag | heal
    target: primary            # a role (primary, replica, replica-1) or a node name (pg-2, etcd-1, pgbouncer)
  - procedure: failover        # see the list below
    method: promote            # promote | patroni | script
    candidate: replica-1
  - wait: converged            # until every replica replays the primary's current LSN
    timeout: 30s

expect:
  rpo:
    lostTransactions: 0        # acknowledged commits missing afterwards
  rto:
    maxSeconds: 15             # fault -> first acknowledged write through the client endpoint
  checksums: match             # every user table identical on all live nodes
  convergence:
    within: 30s
  splitBrain: none             # no two nodes acknowledged writes at the same time
`;

/** `text` with `from` replaced by `to`; fails the test if `from` is not there. */
export function edit(text: string, from: string | RegExp, to: string): string {
  const edited = text.replace(from, to);
  expect(edited, `edit: ${String(from)} not found`).not.toBe(text);
  return edited;
}

/** The issues parsing `text` reports; fails the test if it parses or throws anything else. */
export function issuesOf(text: string, file = EXAMPLE_FILE): ScenarioIssue[] {
  try {
    parseScenario(text, file);
  } catch (error) {
    if (error instanceof ScenarioError) return error.issues;
    throw error;
  }
  expect.fail('expected a ScenarioError, but the scenario loaded');
}

/** The one issue at `path`, with its line and column, for compact assertions. */
export function issueAt(issues: ScenarioIssue[], path: string): { line: number; column: number; message: string } {
  const matching = issues.filter((issue) => issue.path === path);
  expect(
    matching.map((i) => i.path),
    `issues: ${issues.map((i) => `${i.path}: ${i.message}`).join(' | ')}`,
  ).toEqual([path]);
  const [{ position, message }] = matching as [ScenarioIssue];
  return { line: position.line, column: position.column, message };
}
