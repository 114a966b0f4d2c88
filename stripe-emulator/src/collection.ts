import { invalidRequest } from "./http/errors.js";

export interface Page<T> {
  data: T[];
  has_more: boolean;
}

export interface PageRequest {
  limit: number;
  startingAfter?: string;
  endingBefore?: string;
}

/**
 * Objects of one kind in creation order. Lookups are O(1); a page walks from the cursor
 * (newest first, like Stripe) so the hot path never scans.
 */
export class Collection<T extends { id: string }> {
  private readonly byId = new Map<string, T>();
  private order: T[] = [];
  private position = new Map<string, number>();

  constructor(readonly kind: string) {}

  get size(): number {
    return this.order.length;
  }

  get(id: string): T | undefined {
    return this.byId.get(id);
  }

  add(item: T): T {
    this.byId.set(item.id, item);
    this.position.set(item.id, this.order.length);
    this.order.push(item);
    return item;
  }

  delete(id: string): boolean {
    if (!this.byId.delete(id)) return false;
    this.order = this.order.filter((item) => item.id !== id);
    this.position = new Map(this.order.map((item, i) => [item.id, i]));
    return true;
  }

  clear(): void {
    this.byId.clear();
    this.order = [];
    this.position.clear();
  }

  all(): readonly T[] {
    return this.order;
  }

  /** Newest first, optionally filtered, with Stripe's starting_after / ending_before cursors. */
  page(request: PageRequest, filter?: (item: T) => boolean): Page<T> {
    const { limit } = request;
    if (request.startingAfter !== undefined && request.endingBefore !== undefined) {
      throw invalidRequest("You may only specify one of these parameters: ending_before, starting_after.", { code: "parameters_exclusive" });
    }
    const matches = filter ?? (() => true);
    const data: T[] = [];
    if (request.endingBefore !== undefined) {
      // Items newer than the cursor, the ones closest to it, still returned newest first.
      let i = this.cursor(request.endingBefore, "ending_before") + 1;
      for (; i < this.order.length && data.length <= limit; i++) if (matches(this.order[i]!)) data.push(this.order[i]!);
      const has_more = data.length > limit;
      return { data: data.slice(0, limit).reverse(), has_more };
    }
    let i = request.startingAfter !== undefined ? this.cursor(request.startingAfter, "starting_after") - 1 : this.order.length - 1;
    for (; i >= 0 && data.length <= limit; i--) if (matches(this.order[i]!)) data.push(this.order[i]!);
    return { data: data.slice(0, limit), has_more: data.length > limit };
  }

  private cursor(id: string, param: string): number {
    const index = this.position.get(id);
    if (index === undefined) throw invalidRequest(`No such ${this.kind}: '${id}'`, { code: "resource_missing", param }, 404);
    return index;
  }
}
