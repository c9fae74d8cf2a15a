/**
 * The mandatory minimum of a submitted case lives in the contracts, so that the web app shows
 * the officer what is missing by the same rule that refuses the submission here.
 */
export { missingForSubmission, routeCountries } from '@opencen/contracts';
