// A run as JUnit XML, the format CI systems read (GitHub Actions reporters, GitLab, Jenkins, Azure):
// one <testsuite> per flow, one <testcase> per step; a failed expectation is a <failure>, a step that
// could not run an <error>, an emulator-only step on another target <skipped>.
import type { RunResult, StepResult } from './runCollection.ts';

const escapeXml = (text: string): string =>
  // XML 1.0 cannot carry most control characters at all, escaped or not.
  text.replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD').replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** The failed expectations and what PayWay or the emulator said, as a failure's text. */
export function failureText(step: StepResult): string {
  const lines = step.expectations.filter((e) => !e.ok).map((e) => `${e.subject}: ${e.message ?? `expected ${e.expected}, got ${e.actual}`}`);
  if (step.response?.code !== undefined) lines.push(`PayWay code ${step.response.code}${step.response.message ? `: ${step.response.message}` : ''} (HTTP ${step.response.status})`);
  if (step.diagnosis) lines.push(`Emulator diagnosis: ${step.diagnosis}`);
  return lines.join('\n');
}

function testcase(step: StepResult, suite: string): string {
  const head = `    <testcase classname="${escapeXml(suite)}" name="${escapeXml(step.name)}" file="${escapeXml(step.file)}" time="${seconds(step.durationMs)}"`;
  const first = step.expectations.find((e) => !e.ok);
  let inner = '';
  if (step.status === 'skipped') inner = `      <skipped message="${escapeXml(step.message ?? 'skipped')}"/>\n`;
  else if (step.status === 'error') inner = `      <error message="${escapeXml(step.message ?? 'error')}" type="error">${escapeXml(step.message ?? '')}</error>\n`;
  else if (step.status === 'failed') inner = `      <failure message="${escapeXml(first ? `${first.subject}: ${first.message ?? ''}` : 'failed')}" type="assertion">${escapeXml(failureText(step))}</failure>\n`;
  const out = [step.request ? `${step.request.method} ${step.request.url}` : '', step.response?.status ? `HTTP ${step.response.status}${step.response.code !== undefined ? ` · code ${step.response.code}` : ''}` : '']
    .filter(Boolean)
    .join('\n');
  if (out) inner += `      <system-out>${escapeXml(out)}</system-out>\n`;
  return inner ? `${head}>\n${inner}    </testcase>` : `${head}/>`;
}

export function junitReport(run: RunResult): string {
  const name = `${run.collection} (${run.target}${run.environment ? `, ${run.environment}` : ''})`;
  const c = run.counts;
  const suites = run.flows.map((flow) => {
    const suite = flow.name || run.collection;
    const count = (status: StepResult['status']) => flow.steps.filter((s) => s.status === status).length;
    const time = flow.steps.reduce((sum, s) => sum + s.durationMs, 0);
    return [
      `  <testsuite name="${escapeXml(suite)}" tests="${flow.steps.length}" failures="${count('failed')}" errors="${count('error')}" skipped="${count('skipped')}" time="${seconds(time)}" timestamp="${escapeXml(run.startedAt.replace(/\.\d+Z$/, ''))}">`,
      ...flow.steps.map((s) => testcase(s, suite)),
      '  </testsuite>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(name)}" tests="${c.steps}" failures="${c.failed}" errors="${c.errors}" skipped="${c.skipped}" time="${seconds(run.durationMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
