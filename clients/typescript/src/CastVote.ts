// Casting a vote on an open proposal.
import { graphql } from "relay-runtime";

export const CastVote = graphql`
  mutation CastVoteMutation($proposalID: ID!, $choice: VoteChoice!, $reason: String) {
    castVote(proposalID: $proposalID, choice: $choice, reason: $reason) {
      vote {
        id
        choice
      }
    }
  }
`;
