import * as assert from 'node:assert/strict';
import { displayWidth, padColumns } from '../../../src/shared/displayWidth';

describe('displayWidth: terminal columns for status tables', () => {
  it('CJK and fullwidth take two columns, combining marks none, ASCII one', () => {
    assert.equal(displayWidth('api'), 3);
    assert.equal(displayWidth('数据库'), 6);
    assert.equal(displayWidth('데이터'), 6);
    assert.equal(displayWidth('datenbank-ü'), 11);
    assert.equal(displayWidth('u\u0308'), 1);
  });
  it('pads by columns, so names in any script line up', () => {
    assert.equal(padColumns('数据库', 8), '数据库  ');
    assert.equal(padColumns('api', 8), 'api     ');
    assert.equal(padColumns('toolongname', 4), 'toolongname');
  });
});
