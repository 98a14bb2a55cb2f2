export { sandboxEscrow, type EscrowProvider } from './escrow.ts';
