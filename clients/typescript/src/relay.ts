// The same operations through Relay: relay-compiler's artifacts (built from
// the graphql`` tags in src/) with relay-runtime, typed by Relay's own
// generated types and the customScalarTypes of relay.config.json.
import {
  Environment,
  Network,
  RecordSource,
  Store,
  commitMutation,
  fetchQuery,
  type FetchFunction,
} from "relay-runtime";
import DirectoryPageQueryNode, { type DirectoryPageQuery } from "./__generated__/relay/DirectoryPageQuery.graphql";
import ProjectBudgetQueryNode, { type ProjectBudgetQuery } from "./__generated__/relay/ProjectBudgetQuery.graphql";
import CastVoteMutationNode, { type CastVoteMutation } from "./__generated__/relay/CastVoteMutation.graphql";
import ViewerPathwayQueryNode, { type ViewerPathwayQuery } from "./__generated__/relay/ViewerPathwayQuery.graphql";

/** A Relay environment talking to Cockpit's public endpoint. */
export function cockpitEnvironment(url: string, token?: string): Environment {
  const fetchFn: FetchFunction = async (params, variables) => {
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    if (token) headers.Authorization = `Bearer ${token}`;
    const res = await fetch(`${url}/graphql`, {
      method: "POST",
      headers,
      body: JSON.stringify({ query: params.text, variables }),
    });
    return await res.json();
  };
  return new Environment({ network: Network.create(fetchFn), store: new Store(new RecordSource()) });
}

export async function coopNames(env: Environment): Promise<string[]> {
  const data = await fetchQuery<DirectoryPageQuery>(env, DirectoryPageQueryNode, { first: 20 }).toPromise();
  return (data?.networks.edges ?? []).flatMap((e) => e.node.coops.edges.map((c) => c.node.name));
}

export async function remainingBudget(env: Environment, id: string): Promise<number | null> {
  const data = await fetchQuery<ProjectBudgetQuery>(env, ProjectBudgetQueryNode, { id }).toPromise();
  const node = data?.node;
  return node?.__typename === "Project" ? node.budgetReport.remaining.amount : null;
}

export async function nextSteps(env: Environment, membershipID: string): Promise<string[]> {
  const data = await fetchQuery<ViewerPathwayQuery>(env, ViewerPathwayQueryNode, { membershipID }).toPromise();
  return (data?.pathway?.next ?? []).filter((n) => n.allowed).map((n) => n.transition);
}

export function voteYes(env: Environment, proposalID: string): Promise<string> {
  return new Promise((resolve, reject) => {
    commitMutation<CastVoteMutation>(env, {
      mutation: CastVoteMutationNode,
      variables: { proposalID, choice: "YES" },
      onCompleted: (response, errors) =>
        errors?.length ? reject(new Error(errors.map((e) => e.message).join("; "))) : resolve(response.castVote.vote.id),
      onError: reject,
    });
  });
}
