export * from './catalogue';
export * from './dto';
export * from './validators';
export * from './body-validation';
export * from './open-steps';
