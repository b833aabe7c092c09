// What polkadot-js apps does, through the library it is built on: connect, read the chain's
// token, sign a transfer with a dev key, see it finalized with its events.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { compactAddLength, stringToU8a, u8aConcat } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { readFileSync } from 'node:fs';
import { startNode } from './node.js';

// The names and token a fork sets (scripts/fork.sh writes them and regenerates this spec; the
// node's chain_specs test keeps it fresh): what apps must be shown, without literals.
const devSpec = JSON.parse(readFileSync(new URL('../../chain-specs/dev.json', import.meta.url)));

let node;
let api;
// One whole token, and the address format, from the chain.
let UNIT;
let SS58;

before(async () => {
  await cryptoWaitReady();
  node = await startNode(['--sealing', '200']);
  api = await ApiPromise.create({ provider: new WsProvider(node.url), noInitWarn: true });
  UNIT = 10n ** BigInt(api.registry.chainDecimals[0]);
  SS58 = api.registry.chainSS58;
});

after(async () => {
  if (api) await api.disconnect();
  if (node) await node.stop();
});

test('the chain presents its token and metadata to apps', async () => {
  assert.deepEqual(api.registry.chainTokens, [devSpec.properties.tokenSymbol]);
  assert.deepEqual(api.registry.chainDecimals, [devSpec.properties.tokenDecimals]);
  assert.equal(api.registry.chainSS58, devSpec.properties.ss58Format);
  assert.equal(api.consts.system.ss58Prefix.toNumber(), devSpec.properties.ss58Format);
  assert.ok(api.runtimeMetadata.version >= 15, `metadata v${api.runtimeMetadata.version}`);
  assert.equal(api.runtimeVersion.specName.toString(), devSpec.protocolId, 'the chain id');
  for (const p of ['balances', 'assets', 'assetConversion', 'utility', 'scheduler', 'preimage', 'sudo']) {
    assert.ok(api.tx[p], `pallet ${p} is in the metadata`);
  }
  const ed = api.consts.balances.existentialDeposit.toBigInt();
  assert.equal(ed, UNIT / 100n, 'a hundredth of a token');
});

test('a signed transfer is finalized with its events', async () => {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: SS58 });
  const alice = keyring.addFromUri('//Alice');
  const bob = keyring.addFromUri('//Bob');
  const amount = 2n * UNIT;
  const before = (await api.query.system.account(bob.address)).data.free.toBigInt();

  const tx = api.tx.balances.transferKeepAlive(bob.address, amount);
  const info = await tx.paymentInfo(alice);
  assert.ok(info.partialFee.toBigInt() > 0n, 'a fee is quoted');

  const events = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not finalized in 60 s:\n${node.logText()}`)), 60_000);
    tx.signAndSend(alice, ({ status, events, dispatchError }) => {
      if (dispatchError) { clearTimeout(timer); reject(new Error(dispatchError.toString())); }
      if (status.isFinalized) { clearTimeout(timer); resolve(events); }
    }).catch(reject);
  });
  const names = events.map(({ event }) => `${event.section}.${event.method}`);
  assert.ok(names.includes('balances.Transfer'), names.join(', '));
  assert.ok(names.includes('system.ExtrinsicSuccess'), names.join(', '));

  const after = (await api.query.system.account(bob.address)).data.free.toBigInt();
  assert.equal(after - before, amount);
});

/** Signs and sends `tx`, resolving with its events once finalized; rejects on a dispatch error. */
function sendFinalized(tx, signer) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not finalized in 60 s:\n${node.logText()}`)), 60_000);
    tx.signAndSend(signer, ({ status, events, dispatchError }) => {
      if (dispatchError) {
        clearTimeout(timer);
        const text = dispatchError.isModule
          ? (({ section, name }) => `${section}.${name}`)(api.registry.findMetaError(dispatchError.asModule))
          : dispatchError.toString();
        reject(new Error(text));
      }
      if (status.isFinalized) { clearTimeout(timer); resolve(events); }
    }).catch(reject);
  });
}

test('apps reads the device registry without custom types', async () => {
  assert.equal(api.consts.deviceRegistry.maxDevicesPerOwner.toNumber(), 512);
  const classes = await api.query.deviceRegistry.classes.entries();
  const names = classes
    .map(([key, value]) => [key.args[0].toNumber(), value.unwrap().name.toUtf8()])
    .sort((a, b) => a[0] - b[0])
    .map(([, name]) => name);
  assert.deepEqual(names, ['wireless hotspot', 'storage node', 'gpu worker', 'sensor']);
  // The runtime API answers through the metadata, as apps' Developer → Runtime calls does.
  const viaApi = await api.call.deviceRegistryApi.classes();
  assert.equal(viaApi.length, 4);
  assert.equal(viaApi[1][1].proofKind.toString(), 'ChallengeResponse');
});

test('a maker applies and the admin approves it through apps', async () => {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: SS58 });
  const alice = keyring.addFromUri('//Alice');
  const charlie = keyring.addFromUri('//Charlie');
  const makerKey = keyring.addFromUri('//Charlie//maker');
  const id = (await api.query.deviceRegistry.nextMakerId()).toNumber();

  const applied = await sendFinalized(api.tx.deviceRegistry.applyAsMaker(makerKey.publicKey, 'Acme Hotspots'), charlie);
  assert.ok(applied.some(({ event }) => event.section === 'deviceRegistry' && event.method === 'MakerApplied'));
  // Approving twice: the second is refused with the pallet's named error.
  await sendFinalized(api.tx.sudo.sudo(api.tx.deviceRegistry.approveMaker(id)), alice);
  const maker = (await api.query.deviceRegistry.makers(id)).unwrap();
  assert.equal(maker.status.toString(), 'Approved');
  assert.equal(maker.name.toUtf8(), 'Acme Hotspots');

  const events = await sendFinalized(api.tx.sudo.sudo(api.tx.deviceRegistry.approveMaker(id)), alice);
  const sudid = events.find(({ event }) => event.section === 'sudo' && event.method === 'Sudid');
  const result = sudid.event.data[0];
  assert.ok(result.isErr, 'the second approval fails');
  const { section, name } = api.registry.findMetaError(result.asErr.asModule);
  assert.equal(`${section}.${name}`, 'deviceRegistry.MakerNotPending');
});

test('an operator registers a sensor, submits its signed work report and claims its rewards through apps', async () => {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: SS58 });
  const alice = keyring.addFromUri('//Alice');
  const sensor = keyring.addFromUri('//depin-js-sensor');
  const genesis = api.genesisHash.toU8a();

  // Possession proof: (tag, owner, genesis hash, valid_until), SCALE-encoded from metadata types.
  const validUntil = (await api.rpc.chain.getHeader()).number.toNumber() + 100;
  const possession = u8aConcat(
    compactAddLength(stringToU8a('depin/device-possession/v1')),
    alice.publicKey,
    genesis,
    api.createType('u32', validUntil).toU8a(),
  );
  const registered = await sendFinalized(
    api.tx.deviceRegistry.registerDevice(
      sensor.publicKey, 3, { validUntil, signature: sensor.sign(possession) }, null,
      { lat: 52_520_008, lon: 13_404_954 }, { firmwareHash: null, contentId: '0x' },
    ),
    alice,
  );
  assert.ok(registered.some(({ event }) => event.method === 'DeviceRegistered'));

  // The work report's type comes from the metadata: the call's first argument. Epochs last
  // ten blocks on a development chain: start early in one, so the report lands in it.
  let epoch;
  let measuredAt;
  for (;;) {
    epoch = await api.call.physicalWorkApi.epoch();
    measuredAt = (await api.rpc.chain.getHeader()).number.toNumber();
    if (measuredAt < epoch.start.toNumber() + epoch.length.toNumber() / 2) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const reportType = api.tx.physicalWork.submitReportSigned.meta.args[0].type.toString();
  const report = api.createType(reportType, {
    device: sensor.publicKey,
    epoch: epoch.index,
    nonce: 7,
    payload: { Telemetry: { units: 33, measuredAt, dataHash: new Uint8Array(32) } },
  });
  const signed = u8aConcat(compactAddLength(stringToU8a('depin/work-report/v1')), genesis, report.toU8a());
  const events = await sendFinalized(api.tx.physicalWork.submitReportSigned(report, sensor.sign(signed)), alice);
  const accepted = events.find(({ event }) => event.section === 'physicalWork' && event.method === 'WorkAccepted');
  assert.ok(accepted, events.map(({ event }) => event.method).join(', '));
  assert.equal(accepted.event.data.units.toNumber(), 33);

  // Read back through storage and the runtime API, as Chain state and Runtime calls do.
  // The ledger keeps one record per device: its latest epoch with work.
  const entry = (await api.query.physicalWork.ledger(sensor.publicKey)).unwrap();
  assert.equal(entry.epoch.toNumber(), report.epoch.toNumber());
  assert.equal(entry.units.toNumber(), 33);
  const viaApi = await api.call.physicalWorkApi.deviceWork(sensor.publicKey);
  assert.equal(viaApi.unwrap().units.toNumber(), 33);

  // A second report in the epoch fails with the named error (if the epoch is still open).
  const again = api.createType(reportType, { ...report.toJSON(), nonce: 8 });
  const resigned = u8aConcat(compactAddLength(stringToU8a('depin/work-report/v1')), genesis, again.toU8a());
  await assert.rejects(
    sendFinalized(api.tx.physicalWork.submitReportSigned(again, sensor.sign(resigned)), alice),
    /physicalWork\.(ReportAlreadySubmitted|EpochEnded)/,
  );

  // When the epoch closes its rewards are fixed: Chain state shows the epoch's record, a
  // Runtime call the device's pending rewards, and the owner claims them with Extrinsics.
  while ((await api.call.physicalWorkApi.epoch()).index.toNumber() <= report.epoch.toNumber()) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const fixed = (await api.query.rewardEmission.epochs(report.epoch)).unwrap();
  assert.ok(fixed.minted.toBigInt() > 0n);
  const pending = await api.call.rewardEmissionApi.pendingRewards(sensor.publicKey);
  assert.ok(pending.amount.toBigInt() > 0n);
  const claimed = await sendFinalized(api.tx.rewardEmission.claim(sensor.publicKey), alice);
  const paid = claimed.find(({ event }) => event.section === 'rewardEmission' && event.method === 'RewardsClaimed');
  assert.ok(paid, claimed.map(({ event }) => event.method).join(', '));
  assert.equal(paid.event.data.amount.toBigInt(), pending.amount.toBigInt());
  await assert.rejects(
    sendFinalized(api.tx.rewardEmission.claim(sensor.publicKey), alice),
    /rewardEmission\.NothingToClaim/,
  );
});

test('a customer pays in dUSD through apps and reads the treasury report', async () => {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: SS58 });
  const bob = keyring.addFromUri('//Bob');
  // The development stablecoin, as Chain state shows it.
  const meta = await api.query.assets.metadata(1);
  assert.equal(meta.symbol.toUtf8(), 'dUSD');
  assert.equal(meta.decimals.toNumber(), 6);
  assert.ok((await api.query.buybackTreasury.allowedAssets(1)).isSome, 'dUSD is accepted');

  const events = await sendFinalized(
    api.tx.buybackTreasury.payForService(1, 50_000_000n, { Class: 3 }, 'apps invoice'),
    bob,
  );
  const paid = events.find(({ event }) => event.section === 'buybackTreasury' && event.method === 'ServicePaid');
  assert.ok(paid, events.map(({ event }) => event.method).join(', '));
  assert.equal(paid.event.data.amount.toBigInt(), 50_000_000n);
  await assert.rejects(
    sendFinalized(api.tx.buybackTreasury.payForService(99, 1n, { Class: 3 }, ''), bob),
    /buybackTreasury\.AssetNotAllowed/,
  );

  // The open epoch's report (a Runtime call) lists the payment until its close.
  const epoch = (await api.call.physicalWorkApi.epoch()).index.toNumber();
  let report;
  for (let e = Math.max(0, epoch - 5); e <= epoch; e += 1) {
    const r = await api.call.buybackTreasuryApi.report(e);
    if (r.isSome && r.unwrap().assets.some((a) => a.asset.toNumber() === 1 && a.revenue.toBigInt() >= 50_000_000n)) {
      report = { epoch: e };
    }
  }
  assert.ok(report, 'a report lists the payment');
  while ((await api.call.physicalWorkApi.epoch()).index.toNumber() <= report.epoch) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const closed = (await api.call.buybackTreasuryApi.report(report.epoch)).unwrap();
  assert.equal(closed.closed.isTrue, true);
  const usd = closed.assets.find((a) => a.asset.toNumber() === 1);
  assert.equal(usd.spent.toBigInt(), 40_000_000n, 'the 80% burn share of 50 dUSD');
  assert.ok(closed.burned.toBigInt() >= usd.bought.toBigInt());
  const totals = await api.call.buybackTreasuryApi.totals();
  assert.ok(totals.burned.toBigInt() >= closed.burned.toBigInt());
});

test('an owner offers a sensor and a customer orders, reads and settles it through apps', async () => {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: SS58 });
  const alice = keyring.addFromUri('//Alice');
  const bob = keyring.addFromUri('//Bob');
  const sensor = keyring.addFromUri('//depin-js-market-sensor');
  const validUntil = (await api.rpc.chain.getHeader()).number.toNumber() + 100;
  const possession = u8aConcat(
    compactAddLength(stringToU8a('depin/device-possession/v1')),
    alice.publicKey,
    api.genesisHash.toU8a(),
    api.createType('u32', validUntil).toU8a(),
  );
  await sendFinalized(
    api.tx.deviceRegistry.registerDevice(
      sensor.publicKey, 3, { validUntil, signature: sensor.sign(possession) }, null,
      { lat: 52_520_008, lon: 13_404_954 }, { firmwareHash: null, contentId: '0x' },
    ),
    alice,
  );

  // The offer's terms are a metadata type: 0.1 dUSD a unit, up to 40 units an epoch.
  const terms = { asset: 1, pricePerUnit: 100_000n, unitsPerEpoch: 40, minEpochs: 1, maxEpochs: 5, noticeEpochs: 0 };
  const offered = await sendFinalized(api.tx.serviceMarket.offer(sensor.publicKey, terms), alice);
  const made = offered.find(({ event }) => event.section === 'serviceMarket' && event.method === 'OfferMade');
  assert.ok(made, offered.map(({ event }) => event.method).join(', '));
  const offer = made.event.data.offer.toNumber();
  const listed = await api.call.serviceMarketApi.offersOfDevice(sensor.publicKey);
  assert.equal(listed[0][0].toNumber(), offer);
  assert.equal(listed[0][1].terms.pricePerUnit.toBigInt(), 100_000n);

  // Bob orders 10 units for one epoch; the whole price, 1 dUSD, is escrowed at once.
  const before = (await api.query.assets.account(1, bob.address)).unwrap().balance.toBigInt();
  const ordered = await sendFinalized(api.tx.serviceMarket.order(offer, 10, 1, 1, 100_000n), bob);
  const placed = ordered.find(({ event }) => event.section === 'serviceMarket' && event.method === 'Ordered');
  assert.ok(placed, ordered.map(({ event }) => event.method).join(', '));
  assert.equal(placed.event.data.escrowed.toBigInt(), 1_000_000n);
  const id = placed.event.data.order.toNumber();
  const after = (await api.query.assets.account(1, bob.address)).unwrap().balance.toBigInt();
  assert.equal(before - after, 1_000_000n);
  const mine = await api.call.serviceMarketApi.ordersOfCustomer(bob.address);
  assert.ok(mine.some(([o, state]) => o.toNumber() === id && state.remaining.toBigInt() === 1_000_000n));
  await assert.rejects(
    sendFinalized(api.tx.serviceMarket.order(offer, 10, 1, 1, 99_999n), bob),
    /serviceMarket\.PriceAboveLimit/,
  );
  await assert.rejects(sendFinalized(api.tx.serviceMarket.settle(id), bob), /serviceMarket\.NothingToSettle/);

  // The sensor never reports: once the order's epoch has closed, settling returns everything.
  const end = placed.event.data.end.toNumber();
  while ((await api.call.physicalWorkApi.epoch()).index.toNumber() < end) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const settled = await sendFinalized(api.tx.serviceMarket.settle(id), bob);
  const ended = settled.find(({ event }) => event.section === 'serviceMarket' && event.method === 'OrderEnded');
  assert.ok(ended, settled.map(({ event }) => event.method).join(', '));
  assert.equal(ended.event.data.refunded.toBigInt(), 1_000_000n);
  assert.ok((await api.query.serviceMarket.orders(id)).isNone, 'the order is gone');
});

test('a voter locks, delegates, proposes and votes through apps, and the change is enacted', async () => {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: SS58 });
  const alice = keyring.addFromUri('//Alice');
  const charlie = keyring.addFromUri('//Charlie');
  const eve = keyring.addFromUri('//Eve');
  const ferdie = keyring.addFromUri('//Ferdie');

  // A dev chain votes for ten blocks; with 200 ms blocks the admin (sudo) gives this test's
  // voters longer, as a chain builder tunes a track.
  const track = (await api.query.dao.tracks('Devices')).unwrap();
  await sendFinalized(
    api.tx.sudo.sudo(api.tx.dao.setTrack('Devices', { ...track.toJSON(), votingPeriod: 60 })),
    alice,
  );

  // Lock with conviction; Ferdie lends his power to Charlie.
  await sendFinalized(api.tx.dao.lock(300_000n * UNIT, 'Locked1x'), charlie);
  await sendFinalized(api.tx.dao.lock(100_000n * UNIT, 'Locked2x'), ferdie);
  await sendFinalized(api.tx.dao.delegate(charlie.address), ferdie);
  await sendFinalized(api.tx.dao.lock(50_000n * UNIT, 'None'), eve);
  const voter = (await api.query.dao.voters(charlie.address)).unwrap();
  assert.equal(voter.delegated.linear.toBigInt(), 200_000n * UNIT);

  // The change: the sensor class's reward weight, encoded as apps shows "encoded call data".
  const sensor = (await api.query.deviceRegistry.classes(3)).unwrap();
  const change = api.tx.deviceRegistry.updateClass(3, { ...sensor.toJSON(), rewardWeight: 20 });
  const index = (await api.query.dao.nextProposal()).toNumber();
  const submitted = await sendFinalized(api.tx.dao.propose('Devices', { Inline: change.method.toHex() }), charlie);
  assert.ok(submitted.some(({ event }) => event.section === 'dao' && event.method === 'Submitted'));
  await assert.rejects(
    sendFinalized(api.tx.dao.propose('Devices', { Inline: '0xffffffff' }), charlie),
    /dao\.CallUndecodable/,
  );

  await sendFinalized(api.tx.dao.vote(index, true), charlie);
  await sendFinalized(api.tx.dao.vote(index, false), eve);
  // Ferdie's power is Charlie's to vote with.
  await assert.rejects(sendFinalized(api.tx.dao.vote(index, true), ferdie), /dao\.Delegating/);
  const view = (await api.call.daoApi.proposal(index)).unwrap();
  // Charlie: 300 000 × 1 plus Ferdie's 100 000 × 2; Eve: 50 000 × 0.1.
  assert.equal(view.tally.ayes.toBigInt(), 500_000n * UNIT);
  assert.equal(view.tally.nays.toBigInt(), 5_000n * UNIT);
  assert.equal(view.tally.turnout.toBigInt(), 450_000n * UNIT);
  assert.equal(view.passing.isTrue, true);

  // Voting ends, the proposal is approved and enacted with the devices track's origin.
  const deadline = Date.now() + 90_000;
  let status;
  for (;;) {
    status = (await api.query.dao.proposals(index)).unwrap().status;
    if (status.isEnacted) break;
    assert.ok(Date.now() < deadline, `not enacted: ${status.toString()}\n${node.logText()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.equal(status.asEnacted.ok.isTrue, true);
  assert.equal((await api.query.deviceRegistry.classes(3)).unwrap().rewardWeight.toNumber(), 20);
  await assert.rejects(sendFinalized(api.tx.dao.vote(index, true), eve), /dao\.VotingClosed/);
});
