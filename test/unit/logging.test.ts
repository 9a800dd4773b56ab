import assert from 'node:assert/strict';
import { createLogger, lineLogger, toLogger } from '../../bot/src/logging';

describe('logging', () => {
  it('writes one JSON object a line: level as a word, ISO time, message and fields, children adding theirs', () => {
    const lines: string[] = [];
    const log = createLogger({ write: (line) => lines.push(line) }).child({ correlationId: 'c-1' });
    log.child({ changeId: 'CHG-2026-0001', tenantId: 't-1' }).info('vote recorded', { vote: 'go' });
    assert.equal(lines.length, 1);
    assert.ok(!lines[0]!.includes('\n'));
    const line = JSON.parse(lines[0]!);
    assert.equal(line.level, 'info');
    assert.ok(!Number.isNaN(Date.parse(line.time)));
    assert.deepEqual(
      { msg: line.msg, correlationId: line.correlationId, changeId: line.changeId, tenantId: line.tenantId, vote: line.vote, service: line.service },
      { msg: 'vote recorded', correlationId: 'c-1', changeId: 'CHG-2026-0001', tenantId: 't-1', vote: 'go', service: 'upgrade-desk' },
    );
  });

  it('logs an error\'s type, message and stack under err', () => {
    const lines: string[] = [];
    createLogger({ write: (line) => lines.push(line) }).error('failed', { err: new RangeError('boom') });
    const { err } = JSON.parse(lines[0]!);
    assert.equal(err.type, 'RangeError');
    assert.equal(err.message, 'boom');
    assert.match(err.stack, /RangeError: boom\n\s+at /);
  });

  it('keeps to its level', () => {
    const lines: string[] = [];
    const log = toLogger((line) => lines.push(line), 'warn');
    log.info('quiet');
    log.debug('quieter');
    log.warn('heard');
    assert.deepEqual(lines.map((l) => JSON.parse(l).msg), ['heard']);
  });

  it('turns the line callbacks of delivery and timers into JSON lines, failures as warnings', () => {
    const lines: string[] = [];
    const line = lineLogger(createLogger({ write: (l) => lines.push(l) }));
    line('[outbox] sweep failed: storage down');
    line('[timers] fired 3');
    assert.deepEqual(lines.map((l) => [JSON.parse(l).level, JSON.parse(l).msg]), [['warn', '[outbox] sweep failed: storage down'], ['info', '[timers] fired 3']]);
  });
});
