import { strict as assert } from 'node:assert';
import { DemuxLines } from '../../../src/infra/docker/DemuxLines';

function frame(stream: 1 | 2, text: string): Buffer {
  const body = Buffer.from(text);
  const head = Buffer.alloc(8);
  head[0] = stream;
  head.writeUInt32BE(body.length, 4);
  return Buffer.concat([head, body]);
}

describe('DemuxLines', () => {
  it('splits frames cut anywhere into lines per stream', () => {
    const out: string[] = [];
    const d = new DemuxLines((s, t) => out.push(`${s}:${t}`));
    const all = Buffer.concat([frame(1, 'hel'), frame(2, 'oops\n'), frame(1, 'lo\nwor'), frame(1, 'ld\r\n')]);
    for (let i = 0; i < all.length; i += 3) d.push(all.subarray(i, i + 3));
    d.push(frame(1, 'tail'));
    d.end();
    assert.deepEqual(out, ['stderr:oops', 'stdout:hello', 'stdout:world', 'stdout:tail']);
  });

  it('tty streams are plain text', () => {
    const out: string[] = [];
    const d = new DemuxLines((s, t) => out.push(`${s}:${t}`), true);
    d.push(Buffer.from('a\nb'));
    d.end();
    assert.deepEqual(out, ['stdout:a', 'stdout:b']);
  });
});
