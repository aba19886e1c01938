import type { Core } from '../../core/http/app-core.ts';

export function registerCheckinRoutes(core: Core): void {
  void core;
}
