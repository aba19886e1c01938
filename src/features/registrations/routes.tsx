import type { Core } from '../../core/http/app-core.ts';

export function registerRegistrationRoutes(core: Core): void {
  void core;
}
