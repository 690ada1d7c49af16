import type { Logger, RunRecord, StateStore } from '../ports';

/**
 * The engine's copy of the run records, loaded once and saved whole after every change. Saves are
 * chained so they reach the store in order; a failed save is logged, not fatal (the instances run
 * on, only adoption by a later run suffers).
 */
export class RecordBook {
  private readonly records = new Map<string, RunRecord>();
  private loading: Promise<void> | undefined;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: StateStore,
    private readonly logger: Logger,
  ) {}

  load(): Promise<void> {
    this.loading ??= this.store.load().then(
      (list) => {
        // Records set by this engine before the load finished are newer.
        for (const r of list) if (!this.records.has(r.service)) this.records.set(r.service, r);
      },
      (err: unknown) => this.logger.warn(`could not read run records: ${(err as Error).message}`),
    );
    return this.loading;
  }

  get(service: string): RunRecord | undefined {
    return this.records.get(service);
  }

  all(): RunRecord[] {
    return [...this.records.values()];
  }

  set(service: string, record: RunRecord | undefined): void {
    if (record) this.records.set(service, record);
    else if (!this.records.delete(service)) return;
    void this.save();
  }

  /** Resolves once every change so far is saved. */
  save(): Promise<void> {
    const snapshot = this.all();
    this.saving = this.saving
      .then(() => this.store.save(snapshot))
      .catch((err: unknown) => this.logger.warn(`could not save run records: ${(err as Error).message}`));
    return this.saving;
  }
}
