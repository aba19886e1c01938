import type { Core } from '../../core/http/app-core.ts';

export function registerActivityRoutes(core: Core): void {
  void core;
}
