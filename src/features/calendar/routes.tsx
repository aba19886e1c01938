import type { Core } from '../../core/http/app-core.ts';

export function registerCalendarRoutes(core: Core): void {
  void core;
}
