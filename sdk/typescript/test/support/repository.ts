import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root: this file is compiled to sdk/typescript/dist-test/support/. */
export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export const helloAgentFolder = path.join(repositoryRoot, 'examples/hello-agent');

export const openApiDocument = path.join(repositoryRoot, 'docs/openapi.json');

/** A build output of the solution (`dotnet build -c Release`), or the path the environment names. */
export function buildOutput(variable: string, relative: string): string {
  const file = process.env[variable] ?? path.join(repositoryRoot, relative);
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: build the solution first (dotnet build Ash.sln -c Release), or set ${variable}`);
  }

  return file;
}
