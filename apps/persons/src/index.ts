// The persons service has no Nest shell yet; for now the package exposes its matching domain.
export * from './subjects/domain/matching';
