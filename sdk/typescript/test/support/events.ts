import type { AshEvent, KnownAshEvent } from '@ash-on-dapr/sdk';

export async function collect(events: AsyncIterable<AshEvent>): Promise<AshEvent[]> {
  const seen: AshEvent[] = [];
  for await (const event of events) {
    seen.push(event);
  }

  return seen;
}

/** The events of one type, their data typed. */
export function ofType<T extends KnownAshEvent['type']>(events: AshEvent[], type: T): Extract<KnownAshEvent, { type: T }>[] {
  return events.filter((event): event is Extract<KnownAshEvent, { type: T }> => event.type === type);
}

/** The answer's text, from its deltas. */
export function textOf(events: AshEvent[]): string {
  return ofType(events, 'text_delta').map((event) => event.data.delta).join('');
}

/** The SSE ids of the events, in order. */
export function idsOf(events: AshEvent[]): (number | undefined)[] {
  return events.map((event) => event.id);
}
