import fs from 'node:fs';
import path from 'node:path';
import { Contract, ContractFactory, getAddress, JsonRpcProvider, parseUnits, type InterfaceAbi, type JsonRpcSigner } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnvil, type Anvil } from '../helpers/anvil';
import { runNitka } from '../helpers/run-cli';
import { makeTempDir } from '../helpers/tmp';

const PASS = 'x';
const artifact = JSON.parse(fs.readFileSync(path.resolve('node_modules/@openzeppelin/contracts/build/contracts/ERC20PresetMinterPauser.json'), 'utf8')) as { abi: InterfaceAbi; bytecode: string };
const eth = (a: string) => `eth:${getAddress(a)}`;

/**
 * The whole path a court would retrace: a real local Ethereum node (anvil) with an ERC-20 and known
 * money flows, `nitka fetch-chain` through the RPC path, a label list, `nitka trace` with exact taints.
 */
describe('nitka fetch-chain and trace against a real local node', () => {
  let anvil: Anvil;
  let dir: string;
  let cleanup: () => void;
  let casePath: string;
  const who: Record<string, string> = {};
  let token = '';

  beforeAll(async () => {
    ({ dir, cleanup } = makeTempDir('nitka-chain-'));
    anvil = await startAnvil();
    const provider = new JsonRpcProvider(anvil.url, 31337, { staticNetwork: true, polling: true, pollingInterval: 20 });
    const signers = await provider.listAccounts();
    const names = ['deployer', 'victim1', 'victim2', 'victim3', 'collector', 'mule', 'exchange'];
    names.forEach((n, i) => (who[n] = signers[i]!.address));
    const signer = (n: string): JsonRpcSigner => signers[names.indexOf(n)]!;
    const deployed = await new ContractFactory(artifact.abi, artifact.bytecode, signer('deployer')).deploy('Tether USD', 'USDT');
    await deployed.waitForDeployment();
    token = await deployed.getAddress();
    const erc20 = (n: string) => new Contract(token, artifact.abi, signer(n));
    const send = async (p: Promise<{ wait: () => Promise<unknown> }>) => (await p).wait();
    for (const v of ['victim1', 'victim2', 'victim3']) await send(erc20('deployer').getFunction('mint')(who[v], parseUnits('1000', 18)));
    await send(erc20('deployer').getFunction('mint')(who.collector, parseUnits('700', 18)));
    // Clean money first (700 minted), then the victims' 3 × 200, then the collector pays out.
    for (const v of ['victim1', 'victim2', 'victim3']) await send(erc20(v).getFunction('transfer')(who.collector, parseUnits('200', 18)));
    await send(erc20('collector').getFunction('transfer')(who.mule, parseUnits('1000', 18)));
    await send(erc20('mule').getFunction('transfer')(who.exchange, parseUnits('900', 18)));
    casePath = path.join(dir, 'c.nitka');
    expect((await runNitka(['create', casePath], { passphrase: PASS })).code).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await anvil?.stop();
    cleanup();
  });

  it('fetches through the RPC path with every request audit-logged, then traces to the labelled exchange', async () => {
    const fetched = await runNitka(['fetch-chain', casePath, '--rpc', anvil.url, '--address', eth(who.victim1!), '--from-block', '0', '--hops', '3', '--json'], { passphrase: PASS });
    expect(fetched.code, fetched.stderr).toBe(0);
    const r = JSON.parse(fetched.stdout) as { requests: number; report: { format: string; transfers: number }; source: { fileName: string } };
    expect(r.report.format).toBe('eth-rpc');
    expect(r.report.transfers).toBeGreaterThanOrEqual(6);
    expect(r.requests).toBeGreaterThan(0);
    const log = JSON.parse((await runNitka(['log', casePath, '--json'], { passphrase: PASS })).stdout) as Array<{ action: string; details: { endpoint?: string } }>;
    expect(log.filter((e) => e.action === 'rpc.request')).toHaveLength(r.requests);
    expect(log.find((e) => e.action === 'rpc.request')?.details.endpoint).toMatch(/^127\.0\.0\.1:\d+$/);

    // Again up to the same block: everything is in the case's cache, so the node is asked nothing.
    const head = Number(await anvil.rpc('eth_blockNumber'));
    const rerun = await runNitka(['fetch-chain', casePath, '--rpc', anvil.url, '--address', eth(who.victim1!), '--from-block', '0', '--to-block', String(head), '--hops', '3', '--json'], { passphrase: PASS });
    expect(rerun.code, rerun.stderr).toBe(0);
    const again = JSON.parse(rerun.stdout) as { requests: number; cached: number };
    expect(again).toMatchObject({ requests: 0 });
    expect(again.cached).toBeGreaterThan(0);

    const labels = path.join(dir, 'labels.csv');
    fs.writeFileSync(labels, `address,label,category,source\n${who.exchange},Fixture Exchange hot wallet,exchange,test\n`);
    expect((await runNitka(['ingest', casePath, labels], { passphrase: PASS })).code).toBe(0);

    const asset = `erc20:${eth(token)}`;
    const trace = async (model: string) => {
      const t = await runNitka(['trace', casePath, eth(who.victim1!), '--model', model, '--asset', asset, '--json'], { passphrase: PASS });
      expect(t.code, t.stderr).toBe(0);
      return JSON.parse(t.stdout) as { fingerprint: string; nodes: Array<{ address: string; hops: number; taint: string; exit: boolean; labels: string[] }>; edges: Array<{ from: string; to: string; amount: string }> };
    };
    const fifo = await trace('fifo');
    const taint = (t: typeof fifo, name: string) => t.nodes.find((n) => n.address === eth(who[name]!))?.taint;
    // victim1's 200 arrive after the collector's clean 700: FIFO sends the clean 700 first, then
    // victim1's 200 and 100 of victim2's: 200 of the 1000 are tainted. The mule's one inflow is one
    // lot, tainted 1/5 through, so the 900 it passes on carry 180.
    expect(taint(fifo, 'victim1')).toBe('200');
    expect(taint(fifo, 'collector')).toBe('200');
    expect(taint(fifo, 'mule')).toBe('200');
    expect(taint(fifo, 'exchange')).toBe('180');
    expect(fifo.nodes.find((n) => n.address === eth(who.exchange!))).toMatchObject({ exit: true, labels: ['Fixture Exchange hot wallet (exchange)'] });
    const haircut = await trace('haircut');
    // 200 of 1300 → 1000 out carries 153.846…; the mule passes 900 of its 1000.
    expect(Number(taint(haircut, 'mule'))).toBeCloseTo((200 / 1300) * 1000, 6);
    expect(Number(taint(haircut, 'exchange'))).toBeCloseTo((200 / 1300) * 900, 6);
    const poison = await trace('poison');
    expect(taint(poison, 'exchange')).toBe('900');
    expect((await trace('fifo')).fingerprint).toBe(fifo.fingerprint);

    const graph = JSON.parse((await runNitka(['graph', casePath, '--json', '--links', 'paid'], { passphrase: PASS })).stdout) as { edges: unknown[] };
    expect(graph.edges.length).toBeGreaterThanOrEqual(5);
    expect((await runNitka(['verify', casePath], { passphrase: PASS })).code).toBe(0);
  }, 120_000);
});
