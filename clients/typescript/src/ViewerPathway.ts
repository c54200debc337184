// The viewer's pathway in each of their coops: where they are, what is next
// and what is still missing.
import { graphql } from "relay-runtime";

export const ViewerMemberships = graphql`
  query ViewerPathwayMembershipsQuery {
    viewer {
      person {
        id
        name
      }
      memberships {
        id
        state
        coop {
          id
          name
        }
      }
    }
  }
`;

export const ViewerPathway = graphql`
  query ViewerPathwayQuery($membershipID: ID!) {
    pathway(membershipID: $membershipID) {
      state
      since
      next {
        transition
        to
        allowed
        eligibleOn
        missing {
          kind
          message
          daysLeft
        }
      }
      history {
        toState
        at
      }
    }
  }
`;
