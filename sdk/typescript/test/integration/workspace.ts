import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Session } from '@ash-on-dapr/sdk';
import { type Shared, TURN_TIMEOUT } from './shared.js';

export function workspaceTests(shared: Shared, session: () => Promise<Session>): void {
  describe('a session\'s workspace', () => {
    it('writes, lists, reads and deletes files, and runs commands over them', TURN_TIMEOUT, async () => {
      const { client } = shared;
      const { id } = await session();
      const bytes = new Uint8Array([0, 1, 2, 250, 255]);
      const written = await client.writeSessionFiles(id, [
        { path: 'notes/hello.txt', content: 'hello from the SDK\n' },
        { path: 'data.bin', content: bytes },
      ]);
      assert.deepEqual(written.map((file) => [file.path, file.written]), [['notes/hello.txt', true], ['data.bin', true]]);

      const listing = await client.getSessionFiles(id);
      const paths = listing.files.map((file) => file.path);
      assert.ok(paths.includes('notes/hello.txt') && paths.includes('data.bin'), paths.join(', '));
      assert.equal((await client.getSessionFile(id, 'notes/hello.txt')).content, 'hello from the SDK\n');
      assert.deepEqual((await client.downloadSessionFile(id, 'data.bin')).bytes, bytes);

      const exec = await client.exec(id, 'cat notes/hello.txt && echo oops >&2 && exit 3');
      assert.deepEqual([exec.exitCode, exec.stdout, exec.stderr], [3, 'hello from the SDK\n', 'oops\n']);

      assert.deepEqual(await client.deleteSessionFile(id, 'data.bin'), { path: 'data.bin', deleted: true });
      assert.equal((await client.exec(id, 'test -e data.bin; echo $?')).stdout.trim(), '1');
    });

    it('downloads the workspace as tar.gz and unpacks a bundle into it', TURN_TIMEOUT, async () => {
      const { client } = shared;
      const { id } = await session();
      const bundle = await client.downloadWorkspace(id);
      assert.deepEqual([...bundle.subarray(0, 2)], [0x1f, 0x8b], 'gzip');
      await client.exec(id, 'rm -rf notes');
      const uploaded = await client.uploadWorkspace(id, bundle);
      assert.ok(uploaded.files > 0);
      assert.equal((await client.exec(id, 'cat notes/hello.txt')).stdout, 'hello from the SDK\n');
    });

    it('uploads, lists, downloads and deletes attachments', TURN_TIMEOUT, async () => {
      const { client } = shared;
      const { id } = await session();
      const attachment = await client.uploadAttachment(id, 'report.txt', 'quarterly numbers', { mimeType: 'text/plain' });
      assert.equal(attachment.filename, 'report.txt');
      assert.equal(attachment.size, 'quarterly numbers'.length);
      assert.deepEqual((await client.listAttachments(id)).map((listed) => listed.id), [attachment.id]);
      const download = await client.downloadAttachment(attachment.id);
      assert.equal(Buffer.from(download.bytes).toString('utf8'), 'quarterly numbers');
      assert.match(download.contentType, /^text\/plain/);
      assert.equal(await client.deleteAttachment(attachment.id), undefined);
      assert.deepEqual(await client.listAttachments(id), []);
    });
  });
}
