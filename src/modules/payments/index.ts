export { sandboxEscrow, type EscrowProvider } from './escrow.ts';
export { registerPaymentRoutes } from './api.ts';
export { newSecret, parseSigned, sign, signedHeaders, verifySignature, withRawBody, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signature.ts';
