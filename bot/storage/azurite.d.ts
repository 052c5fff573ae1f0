// Azurite ships no type declarations for its server modules; only the parts we call are declared.
declare module 'azurite/dist/src/table/TableServer.js' {
  const TableServer: unknown;
  export default TableServer;
}
declare module 'azurite/dist/src/table/TableConfiguration.js' {
  const TableConfiguration: unknown;
  export default TableConfiguration;
}
declare module 'azurite/dist/src/queue/QueueServer.js' {
  const QueueServer: unknown;
  export default QueueServer;
}
declare module 'azurite/dist/src/queue/QueueConfiguration.js' {
  const QueueConfiguration: unknown;
  export default QueueConfiguration;
}
