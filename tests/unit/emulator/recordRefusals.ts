// Records the emulator's answers to the refusal corpus (run once, before the diagnosis header existed):
//   npx tsx tests/unit/emulator/recordRefusals.ts
import { writeFileSync } from 'node:fs';
import { answerRefusals } from './refusalCorpus.ts';

const answers = await answerRefusals();
writeFileSync(new URL('./fixtures/refusals-before-diagnosis.json', import.meta.url), JSON.stringify(answers, null, 1) + '\n');
console.log(`${answers.length} answers recorded`);
