import type { Trade } from '../../api/types';

/** Fen paid in, paid back to the buyer, paid to the shop, and still held: the escrow's books as the server keeps them. */
export interface EscrowBalance {
  amount: number;
  refunded: number;
  released: number;
  held: number;
}

export function escrowBalance(escrow: NonNullable<Trade['escrow']>): EscrowBalance {
  const { amount, refunded, released } = escrow;
  return { amount, refunded, released, held: amount - refunded - released };
}
