// A Planwerk webhook receiver: Express and the standardwebhooks npm package (docs/webhooks.md).
// PLANWERK_WEBHOOK_SECRET="whsec_…" PORT=3000 node server.js
import { appendFileSync } from "node:fs";
import express from "express";
import { Webhook } from "standardwebhooks";

const wh = new Webhook(process.env.PLANWERK_WEBHOOK_SECRET); // "whsec_…"
const app = express();
// Parses Content-Type: application/json and keeps the raw bytes: the signature is over them.
app.use(express.json({ verify: (req, res, buf) => { req.rawBody = buf; } }));

app.post("/planwerk/hooks", (req, res) => {
  try {
    wh.verify(req.rawBody ?? "", req.headers); // throws on a bad signature or a timestamp more than 5 minutes off
  } catch {
    return res.status(401).end();
  }

  const event = req.body; // { id, action, context: { entityId, changes, … }, sequence, … }
  // De-duplicate by event.id (= webhook-id), then queue the work and answer quickly; here it is only written down.
  if (process.env.RECEIVED_LOG) {
    appendFileSync(process.env.RECEIVED_LOG, JSON.stringify({ id: req.headers["webhook-id"], action: event.action }) + "\n");
  }
  res.status(204).end();
});

app.listen(Number(process.env.PORT ?? 3000), "127.0.0.1");
