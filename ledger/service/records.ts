/** The views of stored accounts and agreements the rest of the product sees, and their mappers from stored rows. */
export { toAccountView, type AccountView } from '../store/account-rows.js';
export { toAgreementView, type AgreementView } from '../store/agreement-rows.js';
