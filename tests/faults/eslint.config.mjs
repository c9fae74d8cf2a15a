export { default } from '@opencen/eslint-config';
