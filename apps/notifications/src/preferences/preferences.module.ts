import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';

import { MongoPreferencesStore } from './infrastructure/mongo-preferences.store';
import {
  PREFERENCES_COLLECTION,
  PREFERENCES_MODEL,
  preferencesSchema,
} from './infrastructure/preferences.schema';
import { PreferencesController } from './preferences.controller';
import { ChannelsOf } from './usecases/channels-of';
import { GetPreferences } from './usecases/get-preferences';
import { PreferencesStore } from './usecases/ports';
import { SetPreferences } from './usecases/set-preferences';

export { PREFERENCES_COLLECTION };

/** Each user's channels per kind of notification; the inbox asks it through {@link ChannelsOf}. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: PREFERENCES_MODEL, schema: preferencesSchema, collection: PREFERENCES_COLLECTION },
    ]),
  ],
  controllers: [PreferencesController],
  providers: [
    { provide: PreferencesStore, useClass: MongoPreferencesStore },
    GetPreferences,
    SetPreferences,
    ChannelsOf,
  ],
  exports: [ChannelsOf],
})
export class PreferencesModule {}
