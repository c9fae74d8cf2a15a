import { type ChosenChannels } from '../domain/preferences';

/** Each user's choice of channels, by their Keycloak sub. */
export abstract class PreferencesStore {
  abstract get(user: string): Promise<ChosenChannels>;
  abstract save(user: string, chosen: ChosenChannels): Promise<void>;
}
