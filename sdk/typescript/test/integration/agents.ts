import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { AshApiError } from '@ash-on-dapr/sdk';
import { helloAgentFolder } from '../support/repository.js';
import { type Shared, TURN_TIMEOUT } from './shared.js';

const claudeMd = readFileSync(path.join(helloAgentFolder, 'CLAUDE.md'), 'utf8');

export function agentTests(shared: Shared): void {
  describe('agents', () => {
    it('deploys a local folder as an upload and reads it back', TURN_TIMEOUT, async () => {
      const { client, agent: name } = shared;
      const agent = await client.deployAgentFolder(name, helloAgentFolder);
      assert.equal(agent.name, name);
      assert.ok((await client.listAgents()).some((listed) => listed.name === name));
      assert.equal((await client.getAgent(name)).version, agent.version);
      assert.deepEqual((await client.listAgentFiles(name)).map((file) => file.path), ['CLAUDE.md']);
      assert.equal((await client.getAgentFile(name, 'CLAUDE.md')).content, claudeMd);
      const raw = await client.downloadAgentFile(name, 'CLAUDE.md');
      assert.equal(Buffer.from(raw.bytes).toString('utf8'), claudeMd);
      assert.equal(raw.filename, 'CLAUDE.md');
      assert.equal((await client.deployAgentFolder(name, helloAgentFolder)).version, agent.version, 'an unchanged redeploy is no new version');
    });

    it('changes an agent\'s files, env and config, and manages its versions', TURN_TIMEOUT, async () => {
      const { client } = shared;
      const name = 'sdk-versions';
      const first = await client.createAgent(name, { files: [{ path: 'CLAUDE.md', content: claudeMd }] });
      const written = await client.uploadAgentFiles(name, [{ path: 'notes/a.md', content: new TextEncoder().encode('note') }]);
      assert.deepEqual(written, { written: 1, version: first.version + 1 });
      assert.deepEqual(await client.deleteAgentFile(name, 'notes/a.md'), { path: 'notes/a.md', deleted: true, version: first.version + 2 });
      assert.deepEqual(await client.getAgentConfig(name), {});
      assert.deepEqual(await client.updateAgentConfig(name, { limits: { memoryMb: 1024 } }), { limits: { memoryMb: 1024 } });
      assert.deepEqual(await client.getAgentConfig(name), { limits: { memoryMb: 1024 } });
      assert.deepEqual(await client.updateAgentConfig(name, { limits: null }), {});
      const updated = await client.updateAgent(name, { env: { GREETING: 'secret value' } });
      assert.deepEqual(updated.env, { GREETING: '***' });

      const versions = await client.listAgentVersions(name);
      assert.equal(versions[0]?.versionNumber, updated.version, 'newest first');
      const draft = await client.createAgentVersion(name, { releaseNotes: 'draft' });
      assert.equal(draft.isActive, false);
      assert.equal((await client.getAgentVersion(name, draft.versionNumber)).id, draft.id);
      assert.equal((await client.updateAgentVersion(name, draft.id, { name: 'draft-1' })).name, 'draft-1');
      assert.deepEqual(await client.activateAgentVersion(name, draft.versionNumber), { activated: true, versionNumber: draft.versionNumber });
      assert.equal(await client.deleteAgentVersion(name, updated.version), undefined);
      await assert.rejects(client.deleteAgentVersion(name, draft.versionNumber), (error: unknown) =>
        error instanceof AshApiError && error.statusCode === 409 && error.code === 'version_active');

      assert.deepEqual(await client.deleteAgent(name), { ok: true });
      await assert.rejects(client.getAgent(name), (error: unknown) =>
        error instanceof AshApiError && error.statusCode === 404 && error.code === 'agent_not_found');
    });
  });
}
