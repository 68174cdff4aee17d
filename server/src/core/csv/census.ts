// Which NPIs occur on more than one membership row, across lists too large to hold: a first streaming
// pass counts every row's NPI here, the second keeps only the rows that can take part in a duplicate or
// an overlap (XF003). Memory does not grow with the rows: two bits per possible NPI in the 8 KB pages
// touched, at most 2 × 25 MB for NPIs that start with 1 or 2 (ID003 NPIs touch pages of their own).

const PAGE_BITS = 1 << 16;
const PAGE_WORDS = PAGE_BITS / 32;

class PagedBitSet {
  private readonly pages: (Uint32Array | undefined)[] = [];

  /** Sets the bit; returns whether it was already set. */
  add(key: number): boolean {
    const pageIndex = Math.floor(key / PAGE_BITS);
    let page = this.pages[pageIndex];
    if (!page) {
      page = new Uint32Array(PAGE_WORDS);
      this.pages[pageIndex] = page;
    }
    const bit = key % PAGE_BITS;
    const mask = 1 << (bit & 31);
    const word = bit >>> 5;
    const had = (page[word] & mask) !== 0;
    page[word] |= mask;
    return had;
  }

  has(key: number): boolean {
    const page = this.pages[Math.floor(key / PAGE_BITS)];
    if (!page) return false;
    const bit = key % PAGE_BITS;
    return (page[bit >>> 5] & (1 << (bit & 31))) !== 0;
  }
}

export class NpiCensus {
  private readonly seen = new PagedBitSet();
  private readonly repeated = new PagedBitSet();

  /** Counts one membership row's NPI by its key (npiKeyAt: a valid NPI's first nine digits identify it). */
  add(key: number): void {
    if (this.seen.add(key)) this.repeated.add(key);
  }

  /** Whether the NPI of this key was counted more than once. */
  isRepeated(key: number): boolean {
    return this.repeated.has(key);
  }
}
