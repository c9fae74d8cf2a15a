import { z } from 'zod';

/** What the gateway tells the app at /config.json: one build runs against any Keycloak. */
export const runtimeConfigSchema = z.object({
  keycloakUrl: z.url(),
  realm: z.string().min(1),
  clientId: z.string().min(1),
});
export type RuntimeConfig = z.infer<typeof runtimeConfigSchema>;

/** Reads /config.json from the app's own origin. */
export async function loadRuntimeConfig(): Promise<RuntimeConfig> {
  const response = await fetch('/config.json', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`/config.json answered ${response.status}`);
  return runtimeConfigSchema.parse(await response.json());
}
