// A project's budget: the total, what was spent and when it runs out.
import { graphql } from "relay-runtime";

export const ProjectBudget = graphql`
  query ProjectBudgetQuery($id: ID!) {
    node(id: $id) {
      __typename
      ... on Project {
        id
        name
        totalBudget {
          amount
          currency
          decimal
        }
        budgetReport {
          spent {
            amount
            decimal
          }
          remaining {
            amount
            decimal
          }
          burnRatePerWeek {
            decimal
          }
          runsOutOn
          overBudget
        }
      }
    }
  }
`;
