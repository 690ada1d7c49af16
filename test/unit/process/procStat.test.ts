import { strict as assert } from 'node:assert';
import { parseProcStat } from '../../../src/infra/process/procStat';
import { parseStat } from '../../../src/infra/metrics/procTree';

/** A /proc/<pid>/stat line as Linux 6 writes it (52 fields), with the fields the parser reads set. */
function line(
  pid: number,
  comm: string,
  o: { state?: string; ppid?: number; pgrp?: number; utime?: number; stime?: number; start?: number; rss?: number } = {},
) {
  const { state = 'S', ppid = 1, pgrp = pid, utime = 7, stime = 3, start = 123456, rss = 250 } = o;
  return `${pid} (${comm}) ${state} ${ppid} ${pgrp} ${pgrp} 0 -1 4194560 100 0 0 0 ${utime} ${stime} 0 0 20 0 1 0 ${start} 12345678 ${rss} 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n`;
}

describe('the one /proc/<pid>/stat parser', () => {
  it('reads pid, comm, state, ppid, pgrp, utime, stime, starttime and rss', () => {
    assert.deepEqual(
      parseProcStat(line(4242, 'node', { state: 'R', ppid: 17, pgrp: 4000, utime: 150, stime: 50, start: 9999, rss: 300 })),
      {
        pid: 4242,
        comm: 'node',
        state: 'R',
        ppid: 17,
        pgrp: 4000,
        utime: 150,
        stime: 50,
        startTime: '9999',
        rssPages: 300,
      },
    );
  });

  // prctl(PR_SET_NAME) and /proc/self/comm take any bytes but NUL, up to 15: a process can name itself to look like fields.
  const hostile = ['a) b (c', ')', '(', ') R 1 1 1', 'x) Z 0 0 0 0', 'new\nline', '\n) 9 (\n', ' ', '', 'ünï ç😀', '1 2 3 4 5 6 7'];
  for (const comm of hostile) {
    it(`counts the fields from the last ')' whatever the command name holds: ${JSON.stringify(comm)}`, () => {
      const s = parseProcStat(line(77, comm, { state: 'T', ppid: 5, pgrp: 77, start: 31337 }));
      assert.ok(s, 'parsed');
      assert.equal(s.pid, 77);
      assert.equal(s.comm, comm);
      assert.equal(s.state, 'T');
      assert.equal(s.ppid, 5);
      assert.equal(s.pgrp, 77);
      assert.equal(s.startTime, '31337');
      assert.equal(s.rssPages, 250);
    });
  }

  it('refuses what is not a whole stat line instead of reading wrong fields', () => {
    for (const bad of [
      '',
      'garbage',
      '42 (x) S 1 2 3',
      '42 (x',
      'x (node) S 1 1 1 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 5 6 7',
      '(node) S 1 1 1 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 5 6 7',
      line(42, 'n', { state: '?' }),
      line(42, 'n').replace(' 123456 ', ' 12x456 '),
      line(42, 'n').replace(' 1 42 42 ', ' one 42 42 '),
      line(42, 'n').slice(0, 60),
    ])
      assert.equal(parseProcStat(bad), undefined, JSON.stringify(bad));
  });

  it('accepts tabs and a trailing newline as separators (what \\s matched before)', () => {
    assert.equal(parseProcStat(line(9, 'w').replace(/ /g, '\t').replace('9\t(w)', '9 (w)'))?.startTime, '123456');
  });

  it('is what the metrics read: ticks = utime + stime, rss in bytes, zombies marked', () => {
    assert.deepEqual(parseStat(line(42, 'we ird) (name', { ppid: 7, pgrp: 42, utime: 150, stime: 50, start: 9999, rss: 300 })), {
      pid: 42,
      ppid: 7,
      pgrp: 42,
      ticks: 200,
      startTime: '9999',
      rssBytes: 300 * 4096,
      zombie: false,
      state: 'S',
    });
    assert.equal(parseStat(line(43, 'z', { state: 'Z' }))?.zombie, true);
    assert.equal(parseStat(line(44, 'x', { state: 'X' }))?.zombie, true);
  });
});
