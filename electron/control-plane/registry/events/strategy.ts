// Events, served as core/v1 and as events.k8s.io/v1 from the same storage. The
// table and field selectors read either shape (involvedObject/message/source of
// core, regarding/note/reportingController of events.k8s.io).
import type { Event as CoreEvent, KubeObject } from '../../../../api/types.ts';
import type { Event as EventsV1Event } from 'kubernetes-types/events/v1.js';
import type { ResourceDef, TableColumn } from '../types.ts';
import { invalid, notSupported, type FieldError } from '../../../../api/status.ts';
import { since } from '../common/age.ts';
import { column, nameColumn, wideColumn } from '../common/columns.ts';

type AnyEvent = CoreEvent & Partial<Omit<EventsV1Event, 'metadata' | 'series'>> & { series?: { count?: number; lastObservedTime?: string } };

const asEvent = (obj: KubeObject) => obj as unknown as AnyEvent;

interface EventView {
  kind: string; namespace: string; name: string; uid: string; apiVersion: string; resourceVersion: string; fieldPath: string;
  message: string; component: string; host: string; firstSeen?: string; lastSeen?: string; count: number;
}

/** One reading of both shapes, so the table and selectors do not care which API wrote the event. */
function view(e: AnyEvent): EventView {
  const ref = e.involvedObject ?? e.regarding ?? {};
  const firstSeen = e.firstTimestamp ?? e.deprecatedFirstTimestamp ?? e.eventTime;
  const lastSeen = e.series?.lastObservedTime ?? e.lastTimestamp ?? e.deprecatedLastTimestamp ?? firstSeen;
  return {
    kind: ref.kind ?? '', namespace: ref.namespace ?? '', name: ref.name ?? '', uid: ref.uid ?? '',
    apiVersion: ref.apiVersion ?? '', resourceVersion: ref.resourceVersion ?? '', fieldPath: ref.fieldPath ?? '',
    message: e.message ?? e.note ?? '',
    component: e.source?.component || e.deprecatedSource?.component || e.reportingComponent || e.reportingController || '',
    host: e.source?.host || e.deprecatedSource?.host || e.reportingInstance || '',
    firstSeen, lastSeen,
    // Singleton events of the new API carry no count.
    count: e.series?.count ?? e.count ?? e.deprecatedCount ?? 1,
  };
}

const EVENT_TYPES = ['Normal', 'Warning'];

function validateEvent(obj: KubeObject): FieldError[] {
  const e = asEvent(obj);
  const v = view(e);
  const errs: FieldError[] = [];
  if (v.namespace && e.metadata?.namespace && v.namespace !== e.metadata.namespace) {
    errs.push(invalid(e.involvedObject ? 'involvedObject.namespace' : 'regarding.namespace', v.namespace, 'does not match event.namespace'));
  }
  if (e.type && !EVENT_TYPES.includes(e.type)) errs.push(notSupported('type', e.type, EVENT_TYPES));
  return errs;
}

const eventColumns: TableColumn[] = [
  column('Last Seen', 'The time at which the most recent occurrence of this event was recorded.'),
  column('Type', 'Type of this event (Normal, Warning), new types could be added in the future'),
  column('Reason', 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.'),
  column('Object', 'The object that this event is about.'),
  wideColumn('Subobject', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement.'),
  wideColumn('Source', 'The component reporting this event. Should be a short machine understandable string.'),
  column('Message', 'A human-readable description of the status of this operation.'),
  wideColumn('First Seen', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)'),
  wideColumn('Count', 'The number of times this event has occurred.'),
  { ...nameColumn, priority: 1 },
];

const shared = {
  namespaced: true,
  shortNames: ['ev'],
  validate: validateEvent,
  columns: eventColumns,
  row(obj: KubeObject, now: Date) {
    const e = asEvent(obj);
    const v = view(e);
    const first = since(v.firstSeen, now);
    return [
      v.lastSeen ? since(v.lastSeen, now) : first,
      e.type ?? '',
      e.reason ?? '',
      v.name ? `${v.kind.toLowerCase()}/${v.name}` : v.kind.toLowerCase(),
      v.fieldPath,
      v.host ? `${v.component}, ${v.host}` : v.component,
      v.message.trim(),
      first,
      v.count,
      e.metadata?.name ?? '',
    ];
  },
  fields(obj: KubeObject) {
    const e = asEvent(obj);
    const v = view(e);
    return {
      'involvedObject.kind': v.kind,
      'involvedObject.namespace': v.namespace,
      'involvedObject.name': v.name,
      'involvedObject.uid': v.uid,
      'involvedObject.apiVersion': v.apiVersion,
      'involvedObject.resourceVersion': v.resourceVersion,
      'involvedObject.fieldPath': v.fieldPath,
      reason: e.reason ?? '',
      reportingComponent: e.reportingComponent ?? e.reportingController ?? '',
      source: v.component,
      type: e.type ?? '',
    };
  },
};

export const events: ResourceDef = {
  ...shared,
  group: '',
  version: 'v1',
  resource: 'events',
  singular: 'event',
  kind: 'Event',
  definition: 'io.k8s.api.core.v1.Event',
};

export const eventsV1: ResourceDef = {
  ...shared,
  group: 'events.k8s.io',
  version: 'v1',
  resource: 'events',
  singular: 'event',
  kind: 'Event',
  storageOf: { group: '', resource: 'events' },
  definition: 'io.k8s.api.events.v1.Event',
};
