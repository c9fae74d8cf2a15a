import { Schema } from 'mongoose';

import {
  type OfficeRecordDocument,
  SUBJECT_COLLECTIONS,
  officeRecordSchema,
} from '../../office-records/office-records.module';

export const CONVEYANCE_MODEL = 'Conveyance';
/** Also given to the outbox relay, which publishes the events kept in these documents. */
export const CONVEYANCES_COLLECTION = SUBJECT_COLLECTIONS.conveyance;

/** A means of conveyance as stored: its fields and the keys it is found by (the kernel adds the rest). */
export interface ConveyanceDocument extends OfficeRecordDocument {
  type: string;
  plate?: string;
  plateCountry?: string;
  vin?: string;
  imoNumber?: string;
  mmsi?: string;
  callSign?: string;
  flag?: string;
  aircraftRegistration?: string;
  containerNumber?: string;
  make?: string;
  model?: string;
  colour?: string;
  links: Record<string, unknown>[];
  identifierKeys: string[];
}

/** The optional fields of a conveyance, each a string. */
export const CONVEYANCE_OPTIONAL_FIELDS = [
  'plate',
  'plateCountry',
  'vin',
  'imoNumber',
  'mmsi',
  'callSign',
  'flag',
  'aircraftRegistration',
  'containerNumber',
  'make',
  'model',
  'colour',
] as const;

export const conveyanceSchema = officeRecordSchema<ConveyanceDocument>({
  type: { type: String, required: true },
  ...Object.fromEntries(CONVEYANCE_OPTIONAL_FIELDS.map((field) => [field, String])),
  links: { type: Schema.Types.Mixed, default: [] },
  identifierKeys: { type: [String], default: [] },
});
