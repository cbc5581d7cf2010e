// Import progress on the command line: a bar with records/s, elapsed time and an estimate on a terminal (the
// estimate from the bytes read of the file's size); a plain line every few seconds when not a terminal.
import cliProgress from 'cli-progress';
import type { ImportProgress } from './run_import.ts';

export interface ProgressReporter {
  update(progress: ImportProgress): void;
  stop(): void;
}

const clock = (seconds: number) => {
  const s = Math.max(0, Math.round(seconds));
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
};

export function createProgressReporter(totalBytes: number, out: NodeJS.WriteStream = process.stderr, intervalMs = 5000): ProgressReporter {
  const started = Date.now();
  const figures = (progress: ImportProgress) => {
    const elapsed = (Date.now() - started) / 1000;
    const rate = elapsed > 0 ? progress.records / elapsed : 0;
    const share = totalBytes > 0 ? Math.min(1, progress.bytes / totalBytes) : 0;
    const eta = share > 0 ? (elapsed / share) * (1 - share) : NaN;
    return { elapsed, rate, share, eta };
  };
  if (out.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: '{bar} {percentage}% | {records} records ({rejected} rejected) | {rate} records/s | elapsed {elapsedText} | eta {etaText}', hideCursor: true, stream: out },
      cliProgress.Presets.shades_classic,
    );
    bar.start(Math.max(totalBytes, 1), 0, { records: 0, rejected: 0, rate: 0, elapsedText: '0s', etaText: '?' });
    return {
      update(progress) {
        const { elapsed, rate, eta } = figures(progress);
        bar.update(Math.min(progress.bytes, Math.max(totalBytes, 1)), { records: progress.records, rejected: progress.rejected, rate: Math.round(rate), elapsedText: clock(elapsed), etaText: Number.isNaN(eta) ? '?' : clock(eta) });
      },
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  return {
    update(progress) {
      if (Date.now() - last < intervalMs) return;
      last = Date.now();
      const { elapsed, rate, share, eta } = figures(progress);
      out.write(`import: ${progress.records} records (${progress.rejected} rejected), ${Math.round(rate)} records/s, ${Math.round(share * 100)}% of the file, elapsed ${clock(elapsed)}${Number.isNaN(eta) ? '' : `, about ${clock(eta)} left`}\n`);
    },
    stop() {},
  };
}
