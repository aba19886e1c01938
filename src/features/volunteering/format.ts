import { heavyTask } from '../../core/heavy.ts';

/**
 * The PDF builders of ./pdf.ts as tasks for the worker pool (core/heavy.ts), run as
 * `deps.heavy.run(volCertificateTask, data)`: pdfmake loads in a worker, never here.
 */
type Pdf = typeof import('./pdf.ts');
export const volCertificateTask = heavyTask<Pdf, 'volCertificatePdf'>('src/features/volunteering/pdf.ts', 'volCertificatePdf');
export const contractTask = heavyTask<Pdf, 'contractPdf'>('src/features/volunteering/pdf.ts', 'contractPdf');
export const tablePdfTask = heavyTask<Pdf, 'tablePdf'>('src/features/volunteering/pdf.ts', 'tablePdf');
