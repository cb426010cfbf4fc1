export * from './tier-bootstrap';
