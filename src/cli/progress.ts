/**
 * A progress bar on stderr, shown only when stderr is a terminal and the work has taken more than a moment,
 * so pipes, CI logs and quick runs stay clean.
 */
export function progressBar(label: string): (done: number, total: number) => void {
  const started = Date.now();
  const tty = process.stderr.isTTY === true;
  let shown = false;
  return (done, total) => {
    if (!tty) return;
    if (!shown && Date.now() - started < 500 && done < total) return;
    shown = true;
    const width = 30;
    const filled = Math.round((done / total) * width);
    const elapsed = (Date.now() - started) / 1000;
    const eta = done > 0 ? (elapsed / done) * (total - done) : 0;
    process.stderr.write(
      `\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}` + (done < total ? ` eta ${eta.toFixed(0)}s ` : `  ${elapsed.toFixed(1)}s  `),
    );
    if (done === total) process.stderr.write("\n");
  };
}
