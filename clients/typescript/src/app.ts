// A tiny example app over graphql-codegen's typed documents: every result is
// typed from the public schema with the scalar map of codegen.yml, so a
// schema change that breaks these pages fails tsc (check.sh). Connections
// have non-null edges and nodes: no null checks per edge.
import { print } from "graphql";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import {
  CastVoteMutationDocument,
  DirectoryPageQueryDocument,
  ProjectBudgetQueryDocument,
  ViewerPathwayMembershipsQueryDocument,
  ViewerPathwayQueryDocument,
  type VoteChoice,
} from "./__generated__/graphql";

/** Where Cockpit runs (e.g. http://localhost:8080) and the bearer token, if any. */
export interface Cockpit {
  url: string;
  token?: string;
}

interface GraphQLResponse<TData> {
  data?: TData | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

/** Sends one operation to Cockpit's public endpoint and returns its data. */
export async function request<TData, TVariables>(
  api: Cockpit,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
): Promise<TData> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (api.token) headers.Authorization = `Bearer ${api.token}`;
  const res = await fetch(`${api.url}/graphql`, {
    method: "POST",
    headers,
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await res.json()) as GraphQLResponse<TData>;
  if (body.errors?.length) {
    throw new Error(body.errors.map((e) => `${e.extensions?.code ?? "ERROR"}: ${e.message}`).join("; "));
  }
  if (!body.data) throw new Error(`no data (HTTP ${res.status})`);
  return body.data;
}

/** The directory page: each network, its coops (with their city) and skills. */
export async function directoryPage(api: Cockpit): Promise<string[]> {
  const { networks } = await request(api, DirectoryPageQueryDocument, { first: 20 });
  return networks.edges.flatMap(({ node: network }) => [
    `${network.name}: ${network.skills.edges.map((e) => e.node.name).join(", ")}`,
    ...network.coops.edges.map(({ node: coop }) => `  ${coop.name}${coop.city ? ` (${coop.city})` : ""}`),
  ]);
}

/** A project's budget; null when the ID is not a project you may read. */
export async function projectBudget(api: Cockpit, projectID: string) {
  const { node } = await request(api, ProjectBudgetQueryDocument, { id: projectID });
  if (node?.__typename !== "Project") return null;
  const report = node.budgetReport;
  // MinorUnits arrive as JSON numbers (below 2^53: exact in JavaScript).
  const spentShare: number = node.totalBudget.amount === 0 ? 0 : report.spent.amount / node.totalBudget.amount;
  return {
    name: node.name,
    total: `${node.totalBudget.decimal} ${node.totalBudget.currency}`,
    spent: `${report.spent.decimal} (${Math.round(spentShare * 100)} %)`,
    remaining: report.remaining.decimal,
    runsOutOn: report.runsOutOn === null ? "not at this rate" : new Date(report.runsOutOn).toDateString(),
    overBudget: report.overBudget,
  };
}

/** Casts (or changes) your vote on an open proposal. */
export async function castVote(api: Cockpit, proposalID: string, choice: VoteChoice, reason?: string): Promise<string> {
  const { castVote } = await request(api, CastVoteMutationDocument, { proposalID, choice, reason });
  return castVote.vote.id;
}

/** The viewer's pathway in each coop: state, since when, and what is next. */
export async function viewerPathways(api: Cockpit): Promise<string[]> {
  const { viewer } = await request(api, ViewerPathwayMembershipsQueryDocument, {});
  if (!viewer) return []; // anonymous
  const lines: string[] = [];
  for (const membership of viewer.memberships) {
    const { pathway } = await request(api, ViewerPathwayQueryDocument, { membershipID: membership.id });
    if (!pathway) continue;
    lines.push(`${membership.coop.name}: ${pathway.state} since ${pathway.since}`);
    for (const next of pathway.next) {
      const missing = next.missing.map((m) => (m.daysLeft === null ? m.message : `${m.message} (${m.daysLeft} days)`));
      lines.push(`  ${next.transition} -> ${next.to}: ${next.allowed ? "possible now" : missing.join("; ")}`);
    }
  }
  return lines;
}
