import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Shared } from './shared.js';

export function contractTests(shared: Shared): void {
  describe('the answers against docs/openapi.json', () => {
    it('gave, on every call the suites made, JSON of the shape the document declares', () => {
      const called = shared.recorder.operationsCalled();
      assert.ok(called.size >= 60, `only ${called.size} operations were called`);
      assert.deepEqual(shared.recorder.problems(), []);
    });
  });
}
