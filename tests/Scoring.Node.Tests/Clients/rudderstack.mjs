// Sends a qualifying journey through RudderStack's Node.js SDK, unchanged, to a node: usage: node rudderstack.mjs <url> <writeKey> <userId>
import Analytics from '@rudderstack/rudder-sdk-node';

const [url, writeKey, userId] = process.argv.slice(2);
const errors = [];
const client = new Analytics(writeKey, { dataPlaneUrl: url, flushAt: 100, flushInterval: 60_000, errorHandler: (e) => errors.push(e) });

client.identify({
  userId,
  traits: { email: `${userId}@northwind.io`, title: 'VP of Sales', company: { name: 'Northwind', industry: 'Software', employee_count: 200 } },
});
for (const path of ['/pricing', '/pricing', '/pricing', '/compare/rival']) client.page({ userId, name: 'Pricing', properties: { path } });
client.track({ userId, event: 'Webinar Registered' });

await client.flush();
if (errors.length > 0) {
  console.error(errors.map((e) => e?.message ?? String(e)).join('\n'));
  process.exit(1);
}
console.log('sent');
