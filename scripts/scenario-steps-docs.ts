// Prints docs/scenario-steps.md from the step-kind registry:
//   npx tsx scripts/scenario-steps-docs.ts > docs/scenario-steps.md
import { scenarioStepsMarkdown } from '../src/scenario/steps-docs.ts';

process.stdout.write(scenarioStepsMarkdown());
