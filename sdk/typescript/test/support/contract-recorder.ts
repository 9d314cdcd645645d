import { readFileSync } from 'node:fs';
import { openApiDocument } from './repository.js';
import { schemaProblems, type Schema } from './schema-check.js';

interface Answer {
  $ref?: string;
  content?: Record<string, { schema?: Schema }>;
}

interface Operation {
  operationId: string;
  responses: Record<string, Answer>;
}

interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; responses: Record<string, Answer> };
}

interface Route {
  method: string;
  pattern: RegExp;
  parameters: number;
  operation: Operation;
}

/** One JSON answer the server gave the client. */
export interface RecordedAnswer {
  method: string;
  path: string;
  status: number;
  body: unknown;
}

/**
 * A `fetch` for the client that keeps every JSON answer, to check afterwards that each matches its operation's
 * response schema in docs/openapi.json: the generated types are only as true as the document.
 */
export class ContractRecorder {
  readonly answers: RecordedAnswer[] = [];
  private readonly document = JSON.parse(readFileSync(openApiDocument, 'utf8')) as Document;
  private readonly routes: Route[] = Object.entries(this.document.paths).flatMap(([template, item]) =>
    Object.entries(item).map(([method, operation]) => ({
      method: method.toUpperCase(),
      // A `{path}` of the files routes holds slashes; other parameters are one segment.
      pattern: new RegExp(`^${template.replace(/\{path\}/g, '.+').replace(/\{[^}]+\}/g, '[^/]+')}$`),
      parameters: (template.match(/\{/g) ?? []).length,
      operation,
    })));

  readonly fetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if ((response.headers.get('content-type') ?? '').startsWith('application/json')) {
      const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
      const text = await response.clone().text();
      this.answers.push({ method: init?.method ?? 'GET', path: url.pathname, status: response.status, body: text === '' ? undefined : JSON.parse(text) });
    }

    return response;
  };

  /** The operations called, by id. */
  operationsCalled(): Set<string> {
    return new Set(this.answers.map((answer) => this.route(answer)?.operation.operationId).filter((id): id is string => id !== undefined));
  }

  /** What does not match the document, one line per problem. */
  problems(): string[] {
    const problems: string[] = [];
    for (const answer of this.answers) {
      const route = this.route(answer);
      if (route === undefined) {
        problems.push(`${answer.method} ${answer.path}: no operation in the document`);
        continue;
      }

      let declared = route.operation.responses[String(answer.status)] ?? route.operation.responses['default'];
      if (declared?.$ref !== undefined) {
        declared = this.document.components.responses[declared.$ref.replace('#/components/responses/', '')];
      }

      const schema = declared?.content?.['application/json']?.schema;
      if (schema === undefined) {
        problems.push(`${route.operation.operationId} answered ${answer.status} with JSON the document does not declare`);
        continue;
      }

      for (const problem of schemaProblems(answer.body, schema, this.document.components.schemas)) {
        problems.push(`${route.operation.operationId} ${answer.status}: ${problem}`);
      }
    }

    return [...new Set(problems)];
  }

  /** The operation of a request: of the templates that match, the one with the fewest parameters. */
  private route(answer: RecordedAnswer): Route | undefined {
    return this.routes
      .filter((route) => route.method === answer.method && route.pattern.test(answer.path))
      .sort((a, b) => a.parameters - b.parameters)[0];
  }
}
