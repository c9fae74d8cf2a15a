import { CONVEYANCE_FILLABLE_FIELDS } from '@opencen/contracts';
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

export const conveyanceSchema = officeRecordSchema<ConveyanceDocument>({
  type: { type: String, required: true },
  // Its identifiers and details, each an optional string.
  ...Object.fromEntries(CONVEYANCE_FILLABLE_FIELDS.map((field) => [field, String])),
  links: { type: Schema.Types.Mixed, default: [] },
  identifierKeys: { type: [String], default: [] },
});
