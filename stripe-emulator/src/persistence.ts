import fs from "node:fs";
import path from "node:path";
import type { PersistedEntry } from "./idempotency.js";
import type { StateSnapshot } from "./state.js";

export interface StateFileContents {
  version: 1;
  savedAt: string;
  state: StateSnapshot;
  idempotency: PersistedEntry[];
}

/**
 * Optional JSON state file. Writes are debounced and asynchronous (write to a temporary
 * file, then rename, so a crash never leaves half a file); the hot path only sets a timer.
 */
export class StateFile {
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly collect: () => StateFileContents,
    private readonly debounceMs = 200,
    private readonly log: (line: string) => void = () => {},
  ) {}

  /** Reads the file at start-up; a missing file is an empty state, a corrupt one is reported and ignored. */
  load(): StateFileContents | null {
    let text: string;
    try {
      text = fs.readFileSync(this.file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw err;
    }
    try {
      const contents = JSON.parse(text) as StateFileContents;
      if (contents.version !== 1) throw new Error(`unsupported version ${String(contents.version)}`);
      return contents;
    } catch (err) {
      this.log(`ignoring unreadable state file ${this.file}: ${(err as Error).message}`);
      return null;
    }
  }

  scheduleSave(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.save();
    }, this.debounceMs);
    this.timer.unref();
  }

  /** Saves now (and waits for any save in progress): used on close. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    await this.save();
  }

  private save(): Promise<void> {
    const contents = JSON.stringify(this.collect());
    this.writing = this.writing.then(async () => {
      const tmp = `${this.file}.${process.pid}.tmp`;
      try {
        await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
        await fs.promises.writeFile(tmp, contents);
        await fs.promises.rename(tmp, this.file);
      } catch (err) {
        this.log(`could not save state file ${this.file}: ${(err as Error).message}`);
      }
    });
    return this.writing;
  }
}
