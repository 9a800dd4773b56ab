/** Who is looking at a card, where the card differs per viewer. */
export type ViewerRole = 'owner' | 'csa' | 'engineer' | 'readonly';
