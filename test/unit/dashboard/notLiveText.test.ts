import { strict as assert } from 'node:assert';
import { HOST_ALIVE_MS, HOST_SILENT_MS } from '../../../src/shared/protocol';
import { notLiveText } from '../../../src/webview/notLiveText';

describe('dashboard page: says when it does not show a live host', () => {
  it('a page drawn from its saved model, before the host answered, is not live', () => {
    assert.match(notLiveText(undefined, 1000) ?? '', /^last known state, not live/);
  });

  it('live while the host speaks; after HOST_SILENT_MS of silence (a crashed extension host) not live, with how long', () => {
    assert.equal(notLiveText(10_000, 10_000 + HOST_SILENT_MS), undefined);
    assert.match(notLiveText(10_000, 10_000 + HOST_SILENT_MS + 1) ?? '', /^not live: no word from Stackpilot for 15 s$/);
    assert.match(notLiveText(0, 125_000) ?? '', /for 2 min/);
  });

  it('the silence allowed covers several missed heartbeats (a host busy on a loaded machine is not called dead)', () => {
    assert.ok(HOST_SILENT_MS >= 3 * HOST_ALIVE_MS);
  });
});
