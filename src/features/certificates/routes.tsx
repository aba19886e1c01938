import type { Core } from '../../core/http/app-core.ts';

export function registerCertificateRoutes(core: Core): void {
  void core;
}
