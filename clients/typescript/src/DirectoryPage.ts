// A directory page: the networks you take part in, their coops and skills.
import { graphql } from "relay-runtime";

export const DirectoryPage = graphql`
  query DirectoryPageQuery($first: Int!) {
    networks(first: $first) {
      totalCount
      edges {
        cursor
        node {
          id
          name
          coops(first: 50) {
            edges {
              node {
                id
                name
                city
              }
            }
          }
          skills(first: 100) {
            edges {
              node {
                id
                name
              }
            }
          }
        }
      }
    }
  }
`;
