export default async function globalTeardown() {
  await globalThis.__COXSWAIN_DEV_SERVER__?.stop();
}
